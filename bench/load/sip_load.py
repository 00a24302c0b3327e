#!/usr/bin/env python3
"""Whole-server SIP load: CPU time per completed call and per REGISTER at fixed rates,
Bridgehead and Kamailio run alternately (A B A B ...) in the same run, medians and ratios.

  bench/load/sip_load.py                       calls at 400, 800, 1200/s, then REGISTER at 3000, 6000/s
  bench/load/sip_load.py calls --rates 400,800 --duration 20 --repeat 3
  bench/load/sip_load.py reg --rates 3000,6000
  bench/load/sip_load.py calls --max           also bisect each server's highest sustained rate

CPU per call is the server's whole process tree (utime+stime from /proc) divided by completed
calls: on a shared 2-core machine that is stable where the maximum rate is not (see the README's
performance section). Every process is started here, bounded in time and stopped by its PID.
When run as root the script re-executes itself in a private network namespace (only lo), so the
fixed ports 5060/5061/5070 never meet anything else on the machine.
"""
import argparse
import csv
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DLL = os.path.join(ROOT, "src", "Bridgehead", "bin", "Release", "net10.0", "bridgehead.dll")
HZ = os.sysconf("SC_CLK_TCK")
PROXY_PORT, UAC_PORT, UAS_PORT = 5060, 5061, 5070


def reexec_in_netns():
    if os.geteuid() != 0 or os.environ.get("NO_NETNS") or os.environ.get("BH_IN_NETNS"):
        return
    if shutil.which("unshare") is None:
        return
    env = dict(os.environ, BH_IN_NETNS="1")
    cmd = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$0" "$@"', sys.executable, *sys.argv]
    os.execvpe("unshare", cmd, env)


def tree_ticks_split(pid):
    """(utime, stime) of a process and its direct children (Kamailio's workers), in clock ticks."""
    pids = [pid]
    try:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, timeout=5).stdout
        pids += [int(p) for p in out.split()]
    except (subprocess.SubprocessError, ValueError):
        pass
    user = system = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            user += int(fields[11])
            system += int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return user, system


def tree_ticks(pid):
    """utime+stime of a process and its direct children (Kamailio's workers), in clock ticks."""
    return sum(tree_ticks_split(pid))


def port_open_udp(port, timeout_s=30.0):
    """Waits until something answers an OPTIONS on the proxy port (or the deadline passes)."""
    deadline = time.monotonic() + timeout_s
    msg = ("OPTIONS sip:127.0.0.1:%d SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-ready%d;rport\r\n"
           "From: <sip:probe@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: ready%d\r\nCSeq: 1 OPTIONS\r\n"
           "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
    n = 0
    while time.monotonic() < deadline:
        n += 1
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(0.5)
            try:
                s.sendto((msg % (port, n, n)).encode(), ("127.0.0.1", port))
                s.recvfrom(4096)
                return True
            except OSError:
                time.sleep(0.2)
    return False


class Server:
    def __init__(self, name, kind, workdir):
        self.name, self.kind, self.workdir = name, kind, workdir
        self.proc = None

    def start(self):
        log = open(os.path.join(self.workdir, f"{self.name}-{self.kind}.log"), "ab")
        if self.name == "kamailio":
            cfg_in = os.path.join(HERE, "kamailio-proxy.cfg" if self.kind == "calls" else "kamailio-registrar.cfg")
            cfg = os.path.join(self.workdir, os.path.basename(cfg_in))
            with open(cfg_in) as f:
                text = f.read().replace("CTL_SOCKET", os.path.join(self.workdir, "kamailio.ctl"))
            with open(cfg, "w") as f:
                f.write(text)
            cmd = ["kamailio", "-f", cfg, "-DD", "-E", "-m", "1024", "-M", "32"]
            env = None
        else:
            data = os.path.join(self.workdir, "bridgehead-data")
            shutil.rmtree(data, ignore_errors=True)
            # Like for like with Kamailio's proxy and registrar configurations: signalling only,
            # so no media relay in the path, no application node, no management API.
            cmd = ["dotnet", DLL, "run", "--data", data, "--listen", f"udp:127.0.0.1:{PROXY_PORT}",
                   "--auth", "off", "--log-level", "Warning", "--management", "off"]
            env = dict(os.environ, BRIDGEHEAD_Media__Mode="off", BRIDGEHEAD_AppNode__Enabled="false")
            if self.kind == "calls":
                cmd += ["--default-route", f"sip:127.0.0.1:{UAS_PORT}"]
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        if self.kind == "calls":
            # The proxy relays OPTIONS to the UAS, which is not up yet; wait for the socket instead.
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not udp_bound(PROXY_PORT):
                time.sleep(0.1)
            time.sleep(1.0)
        elif not port_open_udp(PROXY_PORT):
            raise RuntimeError(f"{self.name} did not answer on {PROXY_PORT}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.proc = None


def udp_bound(port):
    out = subprocess.run(["ss", "-Hlun", f"sport = :{port}"], capture_output=True, text=True).stdout
    return bool(out.strip())


def sipp(args, timeout_s, log_path):
    with open(log_path, "ab") as log:
        p = subprocess.Popen(["sipp", *args], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            return p.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=5)
            return -9


def last_stats(path):
    with open(path) as f:
        rows = list(csv.reader(f, delimiter=";"))
    head, last = rows[0], rows[-1]
    get = lambda k: last[head.index(k)]
    epoch = lambda v: float(v.split("\t")[-1])
    return (int(get("TotalCallCreated")), int(get("SuccessfulCall(C)")), int(get("FailedCall(C)")),
            epoch(get("CurrentTime")) - epoch(get("StartTime")))


def run_step(name, kind, rate, duration, workdir, warmup=15):
    server = Server(name, kind, workdir)
    uas = None
    try:
        server.start()
        if kind == "calls":
            uas_log = open(os.path.join(workdir, f"uas-{name}.log"), "ab")
            uas = subprocess.Popen(["sipp", "-sf", os.path.join(HERE, "uas_rr.xml"), "-i", "127.0.0.1", "-p", str(UAS_PORT),
                                    "-nostdin", "-buff_size", "4194304", "-max_recv_loops", "10000",
                                    "-timeout", f"{duration * 3 + 120}s"],
                                   stdout=uas_log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            time.sleep(1.0)
        scenario = os.path.join(HERE, "uac_rr.xml" if kind == "calls" else "reg.xml")
        common = ["-sf", scenario, "-i", "127.0.0.1", "-p", str(UAC_PORT), f"127.0.0.1:{PROXY_PORT}", "-s", "svc",
                  "-rp", "1000", "-recv_timeout", "5000", "-buff_size", "4194304", "-max_recv_loops", "10000", "-nostdin"]
        # Warm-up at the same rate, Kamailio gets the same: long enough for Bridgehead's tiered JIT
        # to finish (with only 3 s the JIT thread still took ~20 µs per REGISTER of the measured
        # window) and for caches to settle, so the figure is the steady state an edge runs in.
        warm = max(rate * warmup, 300)
        sipp(common + ["-r", str(rate), "-m", str(warm), "-l", str(rate * 10)], warmup * 2 + 60, os.path.join(workdir, f"warm-{name}.log"))
        time.sleep(1.0)
        stf = os.path.join(workdir, f"{name}-{kind}-{rate}.csv")
        if os.path.exists(stf):
            os.remove(stf)
        n = rate * duration
        t0 = tree_ticks(server.proc.pid)
        rc = sipp(common + ["-r", str(rate), "-m", str(n), "-l", str(rate * 10), "-trace_stat", "-stf", stf, "-fd", "5"],
                  duration * 2 + 60, os.path.join(workdir, f"uac-{name}.log"))
        t1 = tree_ticks(server.proc.pid)
        created, ok, failed, elapsed = last_stats(stf)
        cpu_s = (t1 - t0) / HZ
        return {
            "server": name, "kind": kind, "rate": rate, "created": created, "ok": ok, "failed": failed,
            "elapsed": round(elapsed, 2), "cpu_s": round(cpu_s, 2),
            "cpu_us_per": round(cpu_s * 1e6 / max(ok, 1), 1),
            "fail_pct": round(100.0 * failed / max(created, 1), 3),
            "sustained": failed <= 0.001 * created and ok >= 0.999 * n and elapsed <= duration * 1.15 + 1,
            "sipp_rc": rc,
        }
    finally:
        if uas is not None and uas.poll() is None:
            uas.kill()
            uas.wait(timeout=5)
        server.stop()


def main():
    reexec_in_netns()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", nargs="?", default="all", choices=["all", "calls", "reg"])
    ap.add_argument("--rates", help="comma-separated fixed rates (default: 400,800,1200 calls/s; 3000,6000 REGISTER/s)")
    ap.add_argument("--duration", type=int, default=15, help="seconds per measured step")
    ap.add_argument("--repeat", type=int, default=3, help="runs per server and rate (alternating)")
    ap.add_argument("--warmup", type=int, default=15, help="seconds of load at the same rate before each measured step")
    ap.add_argument("--servers", default="bridgehead,kamailio")
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    args = ap.parse_args()

    if not os.path.exists(DLL):
        subprocess.run(["dotnet", "build", os.path.join(ROOT, "src", "Bridgehead"), "-c", "Release", "-nologo", "-v", "q"], check=True)
    os.makedirs(args.out, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="bh-load-")
    servers = args.servers.split(",")
    kinds = ["calls", "reg"] if args.mode == "all" else [args.mode]
    rows = []
    for kind in kinds:
        rates = [int(r) for r in (args.rates.split(",") if args.rates else (["400", "800", "1200"] if kind == "calls" else ["3000", "6000"]))]
        for rate in rates:
            for i in range(args.repeat):
                order = servers if i % 2 == 0 else list(reversed(servers))
                for name in order:
                    r = run_step(name, kind, rate, args.duration, workdir, args.warmup)
                    rows.append(r)
                    print(f"{r['server']:10} {kind:5} {rate:6}/s  ok {r['ok']:6} failed {r['failed']:4} ({r['fail_pct']}%)  "
                          f"cpu {r['cpu_s']:6.2f}s  {r['cpu_us_per']:7.1f} us/{'call' if kind == 'calls' else 'REGISTER'}  "
                          f"{'held' if r['sustained'] else 'NOT held'}", flush=True)

    with open(os.path.join(args.out, "sip_load.tsv"), "w") as f:
        f.write("\t".join(rows[0].keys()) + "\n")
        for r in rows:
            f.write("\t".join(str(v) for v in r.values()) + "\n")

    print("\n| kind | rate/s | " + " | ".join(f"{s} CPU µs (median)" for s in servers) + " | ratio | held |")
    print("|---|---|" + "---|" * len(servers) + "---|---|")
    for kind in kinds:
        for rate in sorted({r["rate"] for r in rows if r["kind"] == kind}):
            med = {}
            held = {}
            for s in servers:
                sel = [r for r in rows if r["kind"] == kind and r["rate"] == rate and r["server"] == s]
                med[s] = statistics.median(r["cpu_us_per"] for r in sel)
                held[s] = all(r["sustained"] for r in sel)
            ratio = med[servers[0]] / med[servers[1]] if len(servers) > 1 and med[servers[1]] else float("nan")
            print(f"| {kind} | {rate} | " + " | ".join(f"{med[s]:.1f}" for s in servers) + f" | {ratio:.2f} | "
                  + ", ".join(f"{s}: {'yes' if held[s] else 'no'}" for s in servers) + " |")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

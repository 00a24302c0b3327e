#!/usr/bin/env python3
"""Media relay load: CPU time per relayed packet and loss at fixed loads, Bridgehead's relay and
Debian's rtpengine (userspace) run alternately in the same run, medians and ratios.

  bench/load/relay_load.py                         200 and 500 two-way calls, plain and srtp, repeat 3
  bench/load/relay_load.py --calls 500 --modes plain --duration 20 --repeat 5
  bench/load/relay_load.py --max                   also step up each relay's load until loss passes 0.1%

Both relays stay up for the whole run, each with its own ng port and media port range, and take
turns (A B, then B A) under bench/Bridgehead.RelayLoad, which sets the calls up over ng, sends
50 packets/s per direction per call (plain RTP both ways, or SDES-SRTP on the caller's leg and
RTP on the callee's), and reads the relay's utime+stime from /proc over the measured window.
Every process is started here, bounded in time and stopped by its PID. When run as root the
script re-executes itself in a private network namespace (only lo) and runs both relays and the
generator under round-robin real-time scheduling (chrt -r, --rt; all of them wait on sockets or
timers, so none can hold a core): on a shared 2-core machine with builds running, a generator
at normal priority falls seconds behind its schedule and the relays are preempted long enough to
overflow socket buffers, whoever the relay is. --rt 0 uses --nice instead.
"""
import argparse
import json
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
BRIDGEHEAD = os.path.join(ROOT, "src", "Bridgehead", "bin", "Release", "net10.0", "bridgehead.dll")
LOAD = os.path.join(ROOT, "bench", "Bridgehead.RelayLoad", "bin", "Release", "net10.0", "Bridgehead.RelayLoad.dll")

# Ports inside the private namespace: each relay its own ng port and 10,000 media ports (2,500 calls).
RELAYS = {
    "bridgehead": {"ng": 22222, "ports": (20000, 29999)},
    "rtpengine": {"ng": 22223, "ports": (30000, 39999)},
    # A second Bridgehead build (--bridgehead-b), to compare two builds of the relay in one run.
    "bridgehead-b": {"ng": 22224, "ports": (40000, 49999), "sip": 5062},
}


def reexec_in_netns():
    if os.geteuid() != 0 or os.environ.get("NO_NETNS") or os.environ.get("BH_IN_NETNS"):
        return
    if shutil.which("unshare") is None:
        return
    env = dict(os.environ, BH_IN_NETNS="1")
    cmd = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$0" "$@"', sys.executable, *sys.argv]
    os.execvpe("unshare", cmd, env)


def ng_ping(port, timeout_s):
    """True once something on 127.0.0.1:port answers an ng ping (bounded by timeout_s)."""
    deadline = time.monotonic() + timeout_s
    n = 0
    while time.monotonic() < deadline:
        n += 1
        cookie = b"ready%d" % n
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(0.5)
            try:
                s.sendto(cookie + b" d7:command4:pinge", ("127.0.0.1", port))
                data, _ = s.recvfrom(4096)
                if data.startswith(cookie + b" ") and b"pong" in data:
                    return True
            except OSError:
                time.sleep(0.3)
    return False


class Relay:
    def __init__(self, name, workdir, workers, dll=BRIDGEHEAD):
        self.name, self.workdir, self.workers, self.dll = name, workdir, workers, dll
        self.cfg = RELAYS[name]
        self.proc = None

    def start(self, prefix):
        log = open(os.path.join(self.workdir, f"{self.name}.log"), "ab")
        lo, hi = self.cfg["ports"]
        if self.name == "rtpengine":
            # As bench/rtpengine/run.sh in the shared yardsticks: userspace only (no kernel table),
            # loopback, two threads, the packaged config file ignored.
            cmd = ["rtpengine", "--config-file=none", "--table=-1", "--interface=127.0.0.1",
                   f"--listen-ng=127.0.0.1:{self.cfg['ng']}", f"--port-min={lo}", f"--port-max={hi}",
                   f"--num-threads={self.workers}", "--delete-delay=0", "--foreground", "--log-stderr", "--log-level=4"]
            env = os.environ
        else:
            data = os.path.join(self.workdir, f"{self.name}-data")
            shutil.rmtree(data, ignore_errors=True)
            cmd = ["dotnet", self.dll, "run", "--data", data, "--listen", f"udp:127.0.0.1:{self.cfg.get('sip', 5060)}", "--auth", "off",
                   "--log-level", "Warning", "--management", "off"]
            env = dict(os.environ,
                       BRIDGEHEAD_Relay__Ng__Listen=f"127.0.0.1:{self.cfg['ng']}",
                       BRIDGEHEAD_Relay__Interfaces__0__Name="lo",
                       BRIDGEHEAD_Relay__Interfaces__0__Address="127.0.0.1",
                       BRIDGEHEAD_Relay__PortMin=str(lo), BRIDGEHEAD_Relay__PortMax=str(hi),
                       BRIDGEHEAD_Relay__WorkerThreads=str(self.workers))
            # The embedded application node is not part of the relay's work (and two of them would
            # compete for its fixed ports).
            env["BRIDGEHEAD_AppNode__Enabled"] = "false"
        self.proc = subprocess.Popen(prefix + cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        if not ng_ping(self.cfg["ng"], 60):
            self.stop()
            raise RuntimeError(f"{self.name} did not answer ng ping on {self.cfg['ng']}; see {log.name}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.proc = None


def run_load(relay, mode, calls, duration, warmup, prefix):
    cmd = prefix + ["dotnet", LOAD, "--ng", f"127.0.0.1:{relay.cfg['ng']}", "--pid", str(relay.proc.pid), "--calls", str(calls),
           "--mode", mode, "--duration", str(duration), "--warmup", str(warmup)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + warmup + 180)
    except subprocess.TimeoutExpired:
        return None
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            r = json.loads(line[7:])
            r["relay"] = relay.name
            return r
    sys.stderr.write(f"load against {relay.name} failed (rc {out.returncode}):\n{out.stdout}\n{out.stderr}\n")
    return None


def show(r):
    print(f"{r['relay']:10} {r['mode']:5} {r['calls']:5} calls  {r['offered_pps']:6} pkt/s  "
          f"cpu {r['relay_cpu_pct']:5.1f}%  {r['cpu_us_per_packet']:6.2f} us/pkt (user {r['user_us_per_packet']:.2f})  loss {r['loss_pct']:.4f}%  "
          f"auth-fail {r['auth_failures']}  generator {r['generator_cpu_pct']:.1f}%  lag {r['max_lag_ms']:.1f} ms", flush=True)


def find_max(relay, mode, steps, duration, warmup, max_loss, prefix):
    """Steps the load up until loss passes max_loss; returns the highest load held and the rows."""
    best, rows = None, []
    for calls in steps:
        r = run_load(relay, mode, calls, duration, warmup, prefix)
        if r is None:
            break
        rows.append(r)
        show(r)
        if r["loss_pct"] >= max_loss or r["auth_failures"] > 0:
            break
        best = calls
        time.sleep(1.0)
    return best, rows


def main():
    reexec_in_netns()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--calls", default="200,500", help="comma-separated fixed loads in two-way calls")
    ap.add_argument("--modes", default="plain,srtp", help="plain (RTP<->RTP) and/or srtp (SDES-SRTP<->RTP)")
    ap.add_argument("--duration", type=float, default=20, help="measured seconds per run")
    ap.add_argument("--warmup", type=float, default=10, help="seconds of media before the window opens (the JIT finishes)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per relay, mode and load (alternating)")
    ap.add_argument("--relays", default="bridgehead,rtpengine",
                    help="bridgehead, rtpengine and/or bridgehead-b (the build named by --bridgehead-b)")
    ap.add_argument("--bridgehead-b", metavar="DLL",
                    help="bridgehead.dll of a second build (a copy of an older bin/Release/net10.0), run as relay bridgehead-b")
    ap.add_argument("--bridgehead-workers", type=int, default=2, help="Relay:WorkerThreads (2, as rtpengine's threads)")
    ap.add_argument("--rtpengine-threads", type=int, default=2, help="rtpengine --num-threads (bench/rtpengine/run.sh uses 2)")
    ap.add_argument("--rt", type=int, default=10, help="SCHED_RR priority for relays and generator when root (0: none)")
    ap.add_argument("--nice", type=int, default=-10, help="with --rt 0: nice value for this run when root (0: leave it)")
    ap.add_argument("--max", action="store_true", help="also find the highest load (plain) held under --max-loss")
    ap.add_argument("--max-steps", default="1000,1500,2000,2400")
    ap.add_argument("--max-loss", type=float, default=0.1, help="percent")
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    args = ap.parse_args()
    if args.duration > 120 or args.repeat > 10:
        sys.exit("refusing: keep the run bounded (duration <= 120 s, repeat <= 10)")

    prefix = []
    if os.geteuid() == 0 and args.rt > 0 and shutil.which("chrt"):
        prefix = ["chrt", "-r", str(args.rt)]
    elif os.geteuid() == 0 and args.nice:
        os.nice(args.nice)
    for path, project in ((BRIDGEHEAD, "src/Bridgehead"), (LOAD, "bench/Bridgehead.RelayLoad")):
        if not os.path.exists(path):
            subprocess.run(["dotnet", "build", os.path.join(ROOT, project), "-c", "Release", "-nologo", "-v", "q"], check=True)
    if "rtpengine" in args.relays and shutil.which("rtpengine") is None:
        sys.exit("rtpengine is not installed: apt-get install --no-install-recommends rtpengine-daemon")
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_NOFILE, (20000, 20000))
    except (ValueError, OSError):
        pass

    os.makedirs(args.out, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="bh-relay-load-")
    names = args.relays.split(",")
    if "bridgehead-b" in names and not (args.bridgehead_b and os.path.exists(args.bridgehead_b)):
        sys.exit("relay bridgehead-b needs --bridgehead-b PATH/bridgehead.dll")
    relays = {n: Relay(n, workdir, args.rtpengine_threads if n == "rtpengine" else args.bridgehead_workers,
                       args.bridgehead_b if n == "bridgehead-b" else BRIDGEHEAD) for n in names}
    rows = []
    maxima = {}
    try:
        for relay in relays.values():
            relay.start(prefix)
        modes = args.modes.split(",")
        loads = [int(c) for c in args.calls.split(",")]
        turn = 0
        for _ in range(args.repeat):
            for mode in modes:
                for calls in loads:
                    # A B, then B A: a drift in the machine's load falls on both relays alike.
                    order = names if turn % 2 == 0 else list(reversed(names))
                    turn += 1
                    for name in order:
                        r = run_load(relays[name], mode, calls, args.duration, args.warmup, prefix)
                        if r is not None:
                            rows.append(r)
                            show(r)
                        time.sleep(1.0)
        if args.max:
            steps = [int(c) for c in args.max_steps.split(",")]
            for name in names:
                maxima[name], more = find_max(relays[name], "plain", steps, args.duration, args.warmup, args.max_loss, prefix)
                rows += [dict(r, max_search=True) for r in more]
    finally:
        for relay in relays.values():
            relay.stop()

    with open(os.path.join(args.out, "relay_load.jsonl"), "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")

    fixed = [r for r in rows if not r.get("max_search")]
    print("\n| media | calls | packets/s | " + " | ".join(f"{n} µs/packet" for n in names)
          + " | " + " | ".join(f"{n} loss %" for n in names) + " | ratio |")
    print("|---|---|---|" + "---|" * (2 * len(names)) + "---|")
    for mode in args.modes.split(","):
        for calls in sorted({r["calls"] for r in fixed if r["mode"] == mode}):
            cpu, loss = {}, {}
            for n in names:
                sel = [r for r in fixed if r["mode"] == mode and r["calls"] == calls and r["relay"] == n]
                cpu[n] = statistics.median(r["cpu_us_per_packet"] for r in sel) if sel else float("nan")
                loss[n] = statistics.median(r["loss_pct"] for r in sel) if sel else float("nan")
            ratio = cpu[names[0]] / cpu[names[1]] if len(names) > 1 and cpu[names[1]] else float("nan")
            label = "RTP<->RTP" if mode == "plain" else "SRTP<->RTP"
            print(f"| {label} | {calls} | {calls * 100} | " + " | ".join(f"{cpu[n]:.2f}" for n in names) + " | "
                  + " | ".join(f"{loss[n]:.3f}" for n in names) + f" | {ratio:.2f} |")
    if maxima:
        print("\nHighest plain load held under %.2f%% loss (side figure; noisy on a shared machine): " % args.max_loss
              + ", ".join(f"{n} {maxima[n] or 'below ' + args.max_steps.split(',')[0]} calls" for n in names))
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

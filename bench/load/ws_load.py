#!/usr/bin/env python3
"""SIP over WebSocket at scale: N browsers on loopback, each holding one registration refreshed
every R seconds, driven by the project's own load client (bench/Bridgehead.WsLoad), against
Bridgehead and Kamailio's websocket module run alternately (A B A B ...) in the same run.

  bench/load/ws_load.py                                   10,000 connections, refresh 60 s, 120 s measured, 2 runs each
  bench/load/ws_load.py --connections 2000 --duration 60 --repeat 1
  bench/load/ws_load.py --bh-storage memory              Bridgehead with the in-memory location store (Kamailio's db_mode=0)

Reported per server: memory per idle registered connection = (PSS of the server's process tree
once every connection is registered and idle - PSS before the first connection) / N, and CPU per
REGISTER = utime+stime of the process tree over the steady phase / REGISTERs answered 200 in it.
PSS (from /proc/PID/smaps_rollup) counts Kamailio's shared memory once, not once per process.
Every process is started here, bounded in time, and stopped by its PID; as root the script runs
in a private network namespace (only lo).
"""
import argparse
import os
import resource
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
CLIENT = os.path.join(ROOT, "bench", "Bridgehead.WsLoad", "bin", "Release", "net10.0", "Bridgehead.WsLoad.dll")
HZ = os.sysconf("SC_CLK_TCK")
WS_PORT = 8080


def reexec_in_netns():
    if os.geteuid() != 0 or os.environ.get("NO_NETNS") or os.environ.get("BH_IN_NETNS") or shutil.which("unshare") is None:
        return
    env = dict(os.environ, BH_IN_NETNS="1")
    os.execvpe("unshare", ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$0" "$@"', sys.executable, *sys.argv], env)


def tree(pid):
    pids = [pid]
    try:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, timeout=5).stdout
        pids += [int(p) for p in out.split()]
    except (subprocess.SubprocessError, ValueError):
        pass
    return pids


def tree_ticks(pid):
    total = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total


def tree_pss_kib(pid):
    total = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def wait_port(port, timeout_s=60.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def start_server(name, workdir, storage):
    log = open(os.path.join(workdir, f"{name}.log"), "ab")
    if name == "kamailio":
        with open(os.path.join(HERE, "kamailio-ws-registrar.cfg")) as f:
            text = f.read().replace("WS_PORT", str(WS_PORT)).replace("CTL_SOCKET", os.path.join(workdir, "kamailio.ctl"))
        cfg = os.path.join(workdir, "kamailio-ws.cfg")
        with open(cfg, "w") as f:
            f.write(text)
        cmd = ["kamailio", "-f", cfg, "-DD", "-E", "-m", "1024", "-M", "32"]
        env = dict(os.environ)
    else:
        data = os.path.join(workdir, "bridgehead-data")
        shutil.rmtree(data, ignore_errors=True)
        cmd = ["dotnet", DLL, "run", "--data", data, "--listen", f"ws:127.0.0.1:{WS_PORT}", "--auth", "off", "--log-level", "Warning"]
        env = dict(os.environ, BRIDGEHEAD_Sip__Transport__MaxConnections="20000", BRIDGEHEAD_Storage__Provider=storage)
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    if not wait_port(WS_PORT):
        stop(proc)
        raise RuntimeError(f"{name} did not listen on {WS_PORT}")
    time.sleep(2.0)
    return proc


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def run_step(name, args, workdir):
    server = start_server(name, workdir, args.bh_storage)
    client = None
    try:
        base_pss = tree_pss_kib(server.pid)
        cmd = ["dotnet", CLIENT, "--url", f"ws://127.0.0.1:{WS_PORT}/", "--connections", str(args.connections),
               "--refresh", str(args.refresh), "--expires", str(args.refresh * 2), "--duration", str(args.duration),
               "--ramp", str(args.ramp), "--settle", str(args.settle)]
        client = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True)
        deadline = time.monotonic() + args.duration + args.settle + args.connections / args.ramp + 240
        ready, t0, t1, pss, result = "", None, None, None, None
        for line in client.stdout:
            line = line.strip()
            if line.startswith("FIRST_FAILURE"):
                print(f"  {name}: {line}", flush=True)
            if line.startswith("READY"):
                ready = line
            elif line == "STEADY_START":
                pss = tree_pss_kib(server.pid)
                t0 = tree_ticks(server.pid)
            elif line == "STEADY_END":
                t1 = tree_ticks(server.pid)
            elif line.startswith("RESULT "):
                import json
                result = json.loads(line[7:])
            if time.monotonic() > deadline:
                break
        client.wait(timeout=120)
        if result is None or t0 is None or t1 is None:
            raise RuntimeError(f"load client failed against {name}: {ready}")
        cpu_s = (t1 - t0) / HZ
        return {
            "server": name, "connections": args.connections, "ready": ready,
            "pss_base_mib": round(base_pss / 1024, 1), "pss_loaded_mib": round(pss / 1024, 1),
            "kib_per_conn": round((pss - base_pss) / args.connections, 2),
            "register_ok": result["ok"], "register_sent": result["sent"], "failed": result["failed"], "closed": result["closed"],
            "rate": round(result["ok"] / result["steady_seconds"], 1), "cpu_s": round(cpu_s, 2),
            "cpu_us_per_register": round(cpu_s * 1e6 / max(result["ok"], 1), 1), "latency_ms": result["mean_latency_ms"],
        }
    finally:
        if client is not None and client.poll() is None:
            client.kill()
            client.wait(timeout=5)
        stop(server)


def main():
    reexec_in_netns()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--connections", type=int, default=10000)
    ap.add_argument("--refresh", type=int, default=60, help="seconds between a connection's REGISTERs")
    ap.add_argument("--duration", type=int, default=120, help="seconds of the measured steady phase")
    ap.add_argument("--ramp", type=int, default=1000, help="connections opened per second")
    ap.add_argument("--settle", type=int, default=10,
                    help="seconds of refresh load after every connection registered, before the measured phase "
                         "(longer lets a JIT finish its tiered recompilation first)")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--servers", default="bridgehead,kamailio")
    ap.add_argument("--bh-storage", default="sqlite", choices=["sqlite", "memory"])
    args = ap.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = max(4 * args.connections + 1024, soft)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard) if hard != resource.RLIM_INFINITY else want, hard))
    for path, project in ((DLL, "src/Bridgehead"), (CLIENT, "bench/Bridgehead.WsLoad")):
        if not os.path.exists(path):
            subprocess.run(["dotnet", "build", os.path.join(ROOT, project), "-c", "Release", "-nologo", "-v", "q"], check=True)
    workdir = tempfile.mkdtemp(prefix="bh-wsload-")
    servers = args.servers.split(",")
    rows = []
    for i in range(args.repeat):
        for name in (servers if i % 2 == 0 else list(reversed(servers))):
            r = run_step(name, args, workdir)
            rows.append(r)
            print(f"{r['server']:10} {r['connections']} conns  PSS {r['pss_base_mib']} -> {r['pss_loaded_mib']} MiB  "
                  f"{r['kib_per_conn']:6.2f} KiB/conn  {r['register_ok']} REGISTER ok ({r['rate']}/s, failed {r['failed']}, closed {r['closed']})  "
                  f"cpu {r['cpu_s']} s  {r['cpu_us_per_register']} us/REGISTER  latency {r['latency_ms']} ms  [{r['ready']}]", flush=True)

    print(f"\n| server | KiB per idle registered connection (median) | CPU µs per REGISTER (median) | runs |")
    print("|---|---|---|---|")
    for s in servers:
        sel = [r for r in rows if r["server"] == s]
        print(f"| {s} | {statistics.median(r['kib_per_conn'] for r in sel):.2f} | {statistics.median(r['cpu_us_per_register'] for r in sel):.1f} | {len(sel)} |")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

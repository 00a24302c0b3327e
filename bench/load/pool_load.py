#!/usr/bin/env python3
"""Switch pool load: what a load-balanced pool costs per call against plain proxying, and what
failover adds to call setup once a destination is known down.

  bench/load/pool_load.py                       cpu at 400 and 800 calls/s, then setup time
  bench/load/pool_load.py cpu --rates 400 --duration 20 --repeat 3
  bench/load/pool_load.py setup --rates 200

cpu:   Bridgehead proxying to one switch (--default-route, "plain") and Bridgehead in front of
       switches — "pool1": a dispatcher set of that one switch (the pool's code, nothing else
       changed); "lb1": a load-balancer group of that one switch, least-loaded with per-call
       accounting; "pool": three switches, round robin; "lb": three switches in a load-balancer
       group — run alternately at the same fixed rate, signalling only (no media relay). CPU
       per completed call is the server's utime+stime over the run divided by completed calls (as
       sip_load.py measures it). The three switches run on the same cores as the server here, so
       "pool" and "lb" also pay for three busy neighbours where "plain", "pool1" and "lb1" have one.
setup: the pool with every switch up, then with one switch killed (SIGKILL) and marked down by
       the probes: the caller's INVITE-to-200 time (sipp's response time) in both runs; the
       difference is what a known-down destination adds.

Switches are sipp running the interop tests' switch scenario (it answers OPTIONS). Every process
is started here, bounded in time and stopped by its PID; as root the script re-executes itself
in a private network namespace (only lo), like sip_load.py.
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import sip_load as base  # noqa: E402  (shares process, sipp and statistics helpers)

ROOT = base.ROOT
DLL = base.DLL
SWITCH = os.path.join(ROOT, "tests", "Bridgehead.InteropTests", "Pool", "Scenarios", "switch_uas.xml")
PROXY_PORT, UAC_PORT = 5060, 5061
SWITCH_PORTS = [5071, 5072, 5073]
HEALTH = {"ProbeInterval": "00:00:01", "ProbeTimeout": "00:00:00.500", "FailuresToDown": 2, "SuccessesToUp": 1}


class Edge:
    def __init__(self, mode, workdir):
        self.mode, self.workdir, self.proc, self.api, self.token = mode, workdir, None, None, None

    def start(self):
        data = os.path.join(self.workdir, "edge-data")
        shutil.rmtree(data, ignore_errors=True)
        config = os.path.join(self.workdir, "pool.json")
        pool = {"Health": HEALTH, "NoAnswerTimeout": "00:00:01"}
        if self.mode in ("lb", "lb1"):
            pool["Rules"] = [{"Group": 1, "Resources": "pstn"}]
        with open(config, "w") as f:
            json.dump({"Pool": pool}, f)
        cmd = ["dotnet", DLL, "run", "--config", config, "--data", data, "--listen", f"udp:127.0.0.1:{PROXY_PORT}",
               "--auth", "off", "--log-level", "Warning", "--management", "127.0.0.1:0"]
        if self.mode == "plain":
            cmd += ["--default-route", f"sip:127.0.0.1:{SWITCH_PORTS[0]}"]
        log = open(os.path.join(self.workdir, f"edge-{self.mode}.log"), "ab")
        # Signalling only, as sip_load.py runs it (the switches' SDP is not relayed, no
        # application node): what is compared is the routing, not the media.
        env = dict(os.environ, BRIDGEHEAD_Media__Mode="off", BRIDGEHEAD_AppNode__Enabled="false")
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        url_file = os.path.join(data, "management.url")
        deadline = time.monotonic() + 60
        while not os.path.exists(url_file):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the edge did not start")
            time.sleep(0.1)
        self.api = open(url_file).read().strip()
        self.token = open(os.path.join(data, "management.token")).read().strip()
        if self.mode in ("pool", "pool1", "lb", "lb1"):
            table = "lb" if self.mode.startswith("lb") else "dispatcher"
            for port in (SWITCH_PORTS[:1] if self.mode.endswith("1") else SWITCH_PORTS):
                body = {"groupId": 1, "uri": f"sip:127.0.0.1:{port}", "resources": "pstn=100000"} if table == "lb" \
                    else {"setId": 1, "uri": f"sip:127.0.0.1:{port}"}
                self.call("POST", f"/api/{table}", body)
            self.wait_health(table, lambda states: all(s == "up" for s in states.values()))

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.api + path, data=data, method=method,
                                     headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            text = r.read()
            return json.loads(text) if text else None

    def health(self, table):
        return {d["uri"]: d["health"]["status"] for d in self.call("GET", f"/api/{table}")["destinations"]}

    def wait_health(self, table, predicate, timeout_s=30):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if predicate(self.health(table)):
                return
            time.sleep(0.1)
        raise RuntimeError(f"health never reached the expected state: {self.health(table)}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


def start_switches(workdir, duration):
    procs = {}
    for port in SWITCH_PORTS:
        log = open(os.path.join(workdir, f"switch-{port}.log"), "ab")
        procs[port] = subprocess.Popen(["sipp", "-sf", SWITCH, "-i", "127.0.0.1", "-p", str(port), "-nostdin",
                                        "-buff_size", "4194304", "-max_recv_loops", "10000", "-timeout", f"{duration * 4 + 180}s"],
                                       stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    time.sleep(0.5)
    return procs


def stop_switches(procs):
    for p in procs.values():
        if p.poll() is None:
            p.kill()
            p.wait(timeout=5)


def response_ms(stf):
    """Average INVITE-to-200 time of the run (sipp's ResponseTime1(C), HH:MM:SS:usec)."""
    import csv
    with open(stf) as f:
        rows = list(csv.reader(f, delimiter=";"))
    value = rows[-1][rows[0].index("ResponseTime1(C)")]
    h, m, s, us = (int(x) for x in value.split(":"))
    return ((h * 60 + m) * 60 + s) * 1000 + us / 1000.0


def run_calls(edge, rate, duration, workdir, tag, warmup):
    common = ["-sf", os.path.join(HERE, "uac_rr.xml"), "-i", "127.0.0.1", "-p", str(UAC_PORT), f"127.0.0.1:{PROXY_PORT}", "-s", "svc",
              "-rp", "1000", "-recv_timeout", "5000", "-buff_size", "4194304", "-max_recv_loops", "10000", "-nostdin"]
    # As in sip_load.py: long enough for the JIT to finish, so the figure is the steady state.
    warm = max(rate * warmup, 300)
    base.sipp(common + ["-r", str(rate), "-m", str(warm), "-l", str(rate * 10)], warmup * 2 + 90, os.path.join(workdir, f"warm-{tag}.log"))
    time.sleep(1.0)
    stf = os.path.join(workdir, f"{tag}-{rate}.csv")
    if os.path.exists(stf):
        os.remove(stf)
    n = rate * duration
    u0, s0 = base.tree_ticks_split(edge.proc.pid)
    rc = base.sipp(common + ["-r", str(rate), "-m", str(n), "-l", str(rate * 10), "-trace_stat", "-stf", stf, "-fd", "5"],
                   duration * 2 + 90, os.path.join(workdir, f"uac-{tag}.log"))
    u1, s1 = base.tree_ticks_split(edge.proc.pid)
    created, ok, failed, elapsed = base.last_stats(stf)
    cpu_s = (u1 - u0 + s1 - s0) / base.HZ
    # User time is the edge's own code; system time is mostly the sends, which also pay for
    # waking the receiving switch (three switches at a third of the rate each sleep more often).
    user_us = round((u1 - u0) / base.HZ * 1e6 / max(ok, 1), 1)
    return {"mode": tag, "rate": rate, "created": created, "ok": ok, "failed": failed, "cpu_s": round(cpu_s, 2),
            "cpu_us_per_call": round(cpu_s * 1e6 / max(ok, 1), 1), "user_us_per_call": user_us, "setup_ms": round(response_ms(stf), 3), "sipp_rc": rc}


def step(mode, rate, duration, workdir, kill_one=False, warmup=10):
    switches = start_switches(workdir, duration)
    edge = Edge(mode, workdir)
    try:
        edge.start()
        tag = mode
        if kill_one:
            victim = switches[SWITCH_PORTS[1]]
            victim.send_signal(signal.SIGKILL)
            victim.wait(timeout=5)
            edge.wait_health("dispatcher", lambda s: s[f"sip:127.0.0.1:{SWITCH_PORTS[1]}"] == "down")
            tag = "pool-one-down"
        return run_calls(edge, rate, duration, workdir, tag, warmup)
    finally:
        edge.stop()
        stop_switches(switches)


def main():
    base.reexec_in_netns()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", nargs="?", default="all", choices=["all", "cpu", "setup"])
    ap.add_argument("--rates", help="comma-separated fixed call rates (default 400,800 for cpu, 200 for setup)")
    ap.add_argument("--duration", type=int, default=15)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=10, help="seconds of calls at the same rate before each measured step")
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    args = ap.parse_args()
    if not os.path.exists(DLL):
        subprocess.run(["dotnet", "build", os.path.join(ROOT, "src", "Bridgehead"), "-c", "Release", "-nologo", "-v", "q"], check=True)
    os.makedirs(args.out, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="bh-pool-load-")
    rows = []
    if args.what in ("all", "cpu"):
        rates = [int(r) for r in (args.rates.split(",") if args.rates else ["400", "800"])]
        modes = ["plain", "pool1", "lb1", "pool", "lb"]
        for rate in rates:
            for i in range(args.repeat):
                for mode in (modes if i % 2 == 0 else list(reversed(modes))):
                    r = step(mode, rate, args.duration, workdir, warmup=args.warmup)
                    rows.append(r)
                    print(f"{r['mode']:14} {rate:5}/s ok {r['ok']:6} failed {r['failed']:4} cpu {r['cpu_s']:6.2f}s "
                          f"{r['cpu_us_per_call']:7.1f} us/call (user {r['user_us_per_call']:6.1f}) setup {r['setup_ms']:.3f} ms", flush=True)
    if args.what in ("all", "setup"):
        rates = [int(r) for r in (args.rates.split(",") if args.rates and args.what == "setup" else ["200"])]
        for rate in rates:
            for i in range(args.repeat):
                for kill in ([False, True] if i % 2 == 0 else [True, False]):
                    r = step("pool", rate, args.duration, workdir, kill_one=kill, warmup=args.warmup)
                    rows.append(r)
                    print(f"{r['mode']:14} {rate:5}/s ok {r['ok']:6} failed {r['failed']:4} cpu {r['cpu_us_per_call']:7.1f} us/call "
                          f"setup {r['setup_ms']:.3f} ms", flush=True)

    with open(os.path.join(args.out, "pool_load.tsv"), "w") as f:
        f.write("\t".join(rows[0].keys()) + "\n")
        for r in rows:
            f.write("\t".join(str(v) for v in r.values()) + "\n")

    print("\n| mode | rate/s | CPU µs/call (median) | vs plain | user µs/call (median) | user vs plain | setup ms (median) | failed |")
    print("|---|---|---|---|---|---|---|---|")
    for rate in sorted({r["rate"] for r in rows}):
        plain = [r["cpu_us_per_call"] for r in rows if r["rate"] == rate and r["mode"] == "plain"]
        plain_med = statistics.median(plain) if plain else None
        plain_user = [r["user_us_per_call"] for r in rows if r["rate"] == rate and r["mode"] == "plain"]
        plain_user_med = statistics.median(plain_user) if plain_user else None
        for mode in ["plain", "pool1", "lb1", "pool", "lb", "pool-one-down"]:
            sel = [r for r in rows if r["rate"] == rate and r["mode"] == mode]
            if not sel:
                continue
            cpu = statistics.median(r["cpu_us_per_call"] for r in sel)
            setup = statistics.median(r["setup_ms"] for r in sel)
            ratio = f"{cpu / plain_med:.3f}" if plain_med else "-"
            user = statistics.median(r["user_us_per_call"] for r in sel)
            user_ratio = f"{user / plain_user_med:.3f}" if plain_user_med else "-"
            print(f"| {mode} | {rate} | {cpu:.1f} | {ratio} | {user:.1f} | {user_ratio} | {setup:.3f} | {sum(r['failed'] for r in sel)} |")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

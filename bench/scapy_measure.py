"""Timing shared by the Scapy side of the benchmarks (bench/scapy_*.py)."""
import time


def rate(fn, seconds=2.0, rounds=5):
    """Calls per CPU second of fn (process time, as bench/measure.ts counts packetry's): the best of several short rounds."""
    best = 0.0
    for _ in range(rounds):
        n = 0
        start = time.process_time()
        while True:
            for _ in range(50):
                fn()
            n += 50
            elapsed = time.process_time() - start
            if elapsed >= seconds / rounds:
                break
        best = max(best, n / elapsed)
    return best

"""Timing shared by the Scapy side of the benchmarks (bench/scapy_*.py)."""
import time


def rate(fn, seconds=2.0, rounds=5):
    """Calls per second of fn: the best of several short rounds, as bench/measure.ts does for packetry."""
    best = 0.0
    for _ in range(rounds):
        n = 0
        start = time.perf_counter()
        while True:
            for _ in range(50):
                fn()
            n += 50
            elapsed = time.perf_counter() - start
            if elapsed >= seconds / rounds:
                break
        best = max(best, n / elapsed)
    return best

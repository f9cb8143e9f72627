# fibonacci.py: the program in Trace Inspector's example trace.
#
# Copyright 2026 The Trace Inspector authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# ct-example-recorder interprets this file line by line and records it.

from dataclasses import dataclass


@dataclass
class Summary:
    count: int
    total: int
    mean: float
    all_even: bool


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def fib_fast(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def summarize(values):
    total = sum(values)
    mean = total / len(values)
    all_even = all(v % 2 == 0 for v in values)
    return Summary(len(values), total, mean, all_even)


def report(label, value):
    print(f"{label}: {value}")


def main():
    values = [fib(n) for n in range(7)]
    report("fib(0..6)", values)
    summary = summarize(values)
    report("summary", summary)
    big = fib_fast(100)
    report("fib(100)", big)


main()

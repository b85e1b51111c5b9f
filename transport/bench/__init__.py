"""Benchmarks and the tools they need, kept out of the library: the Cordeau dial-a-ride reader,
its reference OR-Tools model and portfolio, the scale and travel benchmarks, and the
sample-council generator."""

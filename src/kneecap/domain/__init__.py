"""Pure domain: stdlib, numpy/polars and itself only. No I/O, no clock, no web/DB/video."""

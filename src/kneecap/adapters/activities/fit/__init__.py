"""Own FIT decoder: numpy-vectorised per message definition (see decoder.py for why)."""

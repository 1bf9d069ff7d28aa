"""Ports: the typing.Protocols that services need, one module per area.

Services and the domain never import adapters; adapters implement these protocols and
`kneecap.bootstrap` wires them together.
"""

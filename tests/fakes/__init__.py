"""In-memory stand-ins for the ports, so services run in unit tests with no database, disk
store, queue or video model (cosmicpython's FakeUnitOfWork, one per port).

`house.fake_house()` wires every service on them the way kneecap.bootstrap wires the real
adapters.
"""

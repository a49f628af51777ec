"""Local Aurora MySQL simulator: moto's server behind a fidelity layer, a control API and fault injection.

Run it with ``python -m tests.simulator --port PORT [--scale S]`` from the repository root.
"""

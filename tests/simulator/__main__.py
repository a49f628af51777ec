"""``python -m tests.simulator --port PORT [--scale S] [--host 127.0.0.1]``: run the simulator in the foreground."""

from tests.simulator.server import main

if __name__ == "__main__":
    main()

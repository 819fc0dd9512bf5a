"""``python -m spindetect``: the same command line as ``spindetect``."""
from .cli import main

main(prog_name="spindetect")

"""`python -m ekbom`: the same command line as the `ekbom` script."""

from ekbom.cli import main

if __name__ == "__main__":
    main()

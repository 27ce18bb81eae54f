"""The one thing pyproject.toml cannot say: revdiff's optional C speed-up.

``revdiff._speedups`` counts tokens in C. It is optional: where no C compiler
(or no Python headers) is found, the build goes on without it and revdiff
counts with a regex instead (the same counts, more slowly).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("revdiff._speedups", ["revdiff/_speedups.c"], optional=True)])

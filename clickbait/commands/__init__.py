"""The commands of ``clickbait``, one module per command or pair of commands; each
imports only click and :mod:`clickbait.runs` until it runs, so that ``clickbait --help``
answers at once. :mod:`clickbait.cli` gathers them into one group."""

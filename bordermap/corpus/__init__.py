"""News archives at scale: a corpus of articles through the extractor on a Dask cluster, and the situation over time.

:func:`bordermap.corpus.run.run_corpus` (``bordermap corpus INPUT --out DIR`` on the command line) splits the
input into partitions (:mod:`.inputs`), runs each partition on a Dask worker (:mod:`.partition`: places,
unresolved names and claims, one folder of Parquet files per partition, named by a hash of its input),
then assembles the tables and publishes the time-slider map and the chart (:mod:`.tables`).

Needs the optional dependencies ``dask``, ``distributed``, ``matplotlib`` and ``bokeh``
(``pip install bordermap[corpus]``).
"""

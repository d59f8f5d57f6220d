"""``vtour bench``: opening time, frame times, memory and a CPU baseline, measured in one run.

Each panorama is measured in its own worker process (``python -m vtour.benchmark.worker``) so peak
RSS belongs to that panorama alone and every "first frame" starts cold in the process.
"""

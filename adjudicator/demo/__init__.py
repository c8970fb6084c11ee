"""Synthetic data (演示数据) for trials and benchmarks: parties, patents, procedure and evidence."""

"""汇文 (huiwen): a self-hosted, Chinese-first news aggregation and publishing portal."""

__version__ = "0.1.0"

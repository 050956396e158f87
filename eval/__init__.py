"""Answer-quality evaluation: the dev set, the runner and its metrics, the baselines."""

"""Tools for one machine and one operator, not the deployed pipeline: `enrich run` (with its
private Redis), `submit`, `stats`/`tail`, reading input files and the run report."""

"""Fault injection against a real Redis (AOF on), real workers and a real ingester.

``python benchmarks/fault_ledger.py`` runs every scenario and prints the ledger;
``tests/integration/test_faults.py`` runs the same scenarios with fewer payloads in CI.
"""

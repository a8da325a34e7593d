"""The record: canonical entries, hash chain, Merkle tree, checkpoints, proofs and their verification."""

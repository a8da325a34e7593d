"""Data files of the extractor (the gazetteer); a package so that setuptools ships its *.tsv files."""

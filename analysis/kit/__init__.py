"""The analysis library: the charts' shared look (``charts``) and the names of texts, producers and
readings (``names``). The theme scripts beside it keep only their selection and their statement."""

"""pipeline: the build, read -> check -> derive -> publish.

``tables`` builds every table from data/raw and writes it; ``documents`` the files generated
beside the data (codebook, CITATION.cff, the id list); ``reproduce`` builds, validates and runs the
analysis scripts, all or nothing; ``versions`` compares the installed versions with constraints.txt.
(Not named build/: tools and .gitignore treat a folder of that name as generated output.)

May import: publish/, checks/, read/, shipped/, engine/ and the ground modules. Never serve/ or cli/.
"""

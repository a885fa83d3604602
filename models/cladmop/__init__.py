"""CLaDMoP: trial-outcome prediction from criteria text, drug molecules, diseases and phase.

Files read top to bottom: data -> featurize -> encoder -> model -> pretrain -> finetune -> evaluate -> export.
`python -m cladmop all` runs the whole pipeline from scratch.
"""

__version__ = "0.1.0"

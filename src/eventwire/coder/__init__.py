"""The rule-based CAMEO event coder (``eventwire.rules.v2``): patterns, tree arguments, actors."""
from .core import CODER_NAME, CONFIDENCE_THRESHOLD, SentenceCoder
from .patterns import Pattern, PatternTable

__all__ = ["CODER_NAME", "CONFIDENCE_THRESHOLD", "SentenceCoder", "Pattern", "PatternTable"]

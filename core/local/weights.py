"""Hand-set weights of the linear role scores (see classifier.py).

Each role's score is its bias plus the sum of weight * feature. Cue counts are capped first so
one long paragraph full of "but" cannot shout down every other signal. The weights were set by
reasoning about each cue and checked on the dev corpus and on separate held-out drafts; they
use only general features, never words of a particular draft.
"""

from __future__ import annotations

CAPS: dict[str, float] = {
    "cue_example": 2, "cue_contrast": 4, "cue_contrast_strong": 2, "cue_metaphor": 2,
    "cue_humor": 3, "cue_lyrical": 3, "cue_summary": 2, "cue_transition": 3,
    "cue_topic_change": 3, "cue_noise": 4, "foreign_vehicles": 2, "exclaim": 2, "digits": 4,
    "links": 3, "quotes": 4, "smiley": 2,
}

BIAS: dict[str, float] = {
    "topic_disclosure": 1.0, "example": -0.3, "lyrical_digression": -0.5, "key_thesis": -0.6,
    "noise": -1.0, "metaphor": -0.6, "humor": -0.5, "transition": -0.8, "topic_change": -0.8,
    "contrast": -0.6,
}

WEIGHTS: dict[str, dict[str, float]] = {
    "topic_disclosure": {
        "long": 0.6, "relevance": 1.2, "first": 1.2, "short": -1.0, "cue_noise": -0.5,
        "cue_lyrical": -0.2, "cue_humor": -0.2, "first_person": -4.0,
    },
    "example": {
        "opener_example": 2.2, "cue_example": 0.8, "digits": 0.15, "long": 0.4, "short": -1.0,
        "first": -1.0,
    },
    "lyrical_digression": {
        "cue_lyrical": 0.9, "first_person": 10.0, "opener_first_person": 0.5,
        "relevance": -0.8, "long": 0.4, "short": -1.0, "first": -1.0, "late": 0.3,
    },
    "key_thesis": {
        "short": 1.2, "long": -0.8, "one_sentence": 0.9, "very_short": 0.3, "cue_summary": 0.9,
        "relevance": 0.8, "cue_negation": 0.25, "second": 0.6, "late": 0.3, "first": -2.0,
        "question": -1.5, "first_person": -6.0, "cue_transition": -0.3,
        "cue_topic_change": -0.5, "foreign_vehicles": -0.4, "cue_humor": -0.4,
        "opener_irony": -1.0, "opener_example": -1.0,
    },
    "noise": {
        "cue_noise": 1.1, "links": 0.8, "exclaim": 0.4, "relevance": -1.5, "first": 0.4,
        "last": 0.8, "second_person": 4.0,
    },
    "metaphor": {
        "copula_open": 1.2, "foreign_vehicles": 0.6, "cue_metaphor": 0.8, "short": -0.3,
        "relevance": -0.5, "first": -2.0,
    },
    "humor": {
        "cue_humor": 0.9, "opener_irony": 1.5, "smiley": 0.8, "exclaim": 0.3, "ellipsis": 0.3,
        "relevance": -0.5, "first": -1.5,
    },
    "transition": {
        "short": 1.0, "very_short": 0.8, "cue_transition": 0.7, "question_end": 0.8,
        "colon_end": 1.0, "prev_long": 0.3, "next_long": 0.4, "first": -3.0, "last": -3.0,
        "cue_summary": -0.4,
    },
    "topic_change": {
        "cue_topic_change": 1.0, "late": 0.7, "drift_after": 0.4, "relevance": -1.0,
        "first": -2.0, "short": -0.4,
    },
    "contrast": {
        "cue_contrast": 0.3, "cue_contrast_strong": 0.8, "opener_contrast": 0.8, "long": 0.3,
        "short": -0.5,
    },
}

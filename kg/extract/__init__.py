"""The extraction stage: a parsed document → mentions, triples and events (see ``model.py``).

Each construction lives in its own module and is a function of a parsed sentence:
``clauses`` (verbs and copulas), ``nominal`` (event nouns, appositions), ``modality``
(negation, hedging, attribution), ``quantities`` (casualty counts), ``dates``, and ``events``
(typing and coreference); ``document`` runs them in order over the sentences of a document.

This package's ``__init__`` imports nothing, so that the records of ``model.py`` can be read
(by the RDF writer, the event table, the page) without loading spaCy.
"""

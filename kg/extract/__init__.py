"""The extraction stage: one parsed sentence at a time → mentions, triples and event mentions
(the records of :mod:`kg.model`).

Each construction lives in its own module and is a function of a parsed sentence: ``clauses``
(verbs and copulas), ``phrases`` (noun phrases and their kinds: the mentions), ``triples``,
``nominal`` (event nouns, appositions), ``modality`` (negation, hedging, attribution),
``quantities`` (casualty counts), ``dates`` and ``events`` (typed event mentions with their roles);
``document`` runs them in order over the sentences of a document. What needs the whole document
(pronouns, entities, event coreference, places) is resolution: :mod:`kg.resolve`.
"""

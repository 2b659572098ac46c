"""The Assist intents: registered by ``intent.py``, offered to LLMs by ``llm.py``.

``base`` holds what every intent shares (answering, calling a service, spoken errors), ``matching``
finds the one target a sentence means, ``climate`` and ``tv`` hold the handlers of each device
family, ``speech`` the answers as data, one module per language, and ``compact`` factors the
Chinese sentence templates when ``assist.py`` installs them.
"""

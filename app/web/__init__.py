"""HTTP: thin routes that parse, authorise, call ``app.data``/``app.domain`` and render."""

"""Forms of the case pages, one module per resource (as the views); `common` holds what
they share. They parse input; the services check it against the case."""

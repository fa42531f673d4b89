"""Plain-Python services between the HTTP routes and the store: no aiohttp in here."""

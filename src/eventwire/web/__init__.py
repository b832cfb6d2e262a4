"""Dashboard static files (static/): HTML, JS, CSS and the offline world map."""

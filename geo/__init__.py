"""Data and geometry for the Kuril Islands map: sources to GeoDataFrames.

Nothing here imports folium or Streamlit; see ``layers/`` and ``app.py``.
"""

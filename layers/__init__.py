"""GeoDataFrames into folium objects and HTML. Nothing here imports Streamlit."""

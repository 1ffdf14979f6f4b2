"""The Streamlit side of the product: data sources and caching, filters, and the page sections."""

"""Explore a collection of news articles: keywords, entities, terms and how they change."""

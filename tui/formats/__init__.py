"""Readers and writers of the annotation formats spantag exchanges with other tools."""

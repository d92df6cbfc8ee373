def paragraphs(text: str) -> list[str]:
    """Plain text that staff typed, split into paragraphs at empty lines."""
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]

"""Official documents: fonts (``fonts``), GB/T 9704 page layout and blocks (``layout``), templates."""

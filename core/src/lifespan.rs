//! Lifespan extension.

"""Writers render a Report; they never decide what is wrong."""

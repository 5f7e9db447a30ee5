"""Test support for OneX's suite: base test cases, the demo world, the browser harness. Not part of the product."""

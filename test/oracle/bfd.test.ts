import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/bfd.json (scripts/oracle/make_vectors.py writes it).
vectorTests("bfd.json");

import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/ospf.json (scripts/oracle/make_vectors.py writes it).
vectorTests("ospf.json");

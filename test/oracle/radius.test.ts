import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/radius.json (scripts/oracle/make_vectors.py writes it).
vectorTests("radius.json");

import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/dot11.json and radiotap.json (scripts/oracle/make_vectors.py writes them).
vectorTests("dot11.json");
vectorTests("radiotap.json");
vectorTests("dot11elt.json");

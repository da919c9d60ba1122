package catalog

// Resolver resolves codes as Catalog.Resolve does and remembers up to its bound of answers: a
// log repeats the same few errors thousands of times. It is not safe for concurrent use.
type Resolver struct {
	c     *Catalog
	bound int
	known map[Codes]Resolution
}

// Resolver returns a Resolver of c that remembers at most bound answers.
func (c *Catalog) Resolver(bound int) *Resolver {
	return &Resolver{c: c, bound: max(bound, 1), known: map[Codes]Resolution{}}
}

// Resolve returns what c.Resolve(codes) returns.
func (r *Resolver) Resolve(codes Codes) Resolution {
	if res, ok := r.known[codes]; ok {
		return res
	}
	res := r.c.Resolve(codes)
	if len(r.known) >= r.bound {
		clear(r.known) // a log of ever new codes must not grow it without end
	}
	r.known[codes] = res
	return res
}

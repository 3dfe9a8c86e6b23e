// Package movement plans, minute by minute, where every person is on every
// simulated day: the ground truth that sensors sample and attacks are
// scored against.
//
// A weekday of someone who works or studies is home, a trip, work or
// school (with lunch out for some workers), then errands and perhaps an
// evening out, then home. Weekends, and every day of someone without work
// or school, are a chain of leisure activities. Leisure venues are chosen
// by the exploration and preferential return (EPR) rule of Song, Koren,
// Wang and Barabási (2010): with probability ρ·S^-γ a person explores a new
// venue, drawn by attractiveness with distance decay, and otherwise returns
// to a known one in proportion to past visits; stays last Δt with density
// ∝ Δt^(-1-β)·exp(-Δt/τ), truncated to the day.
//
// Households go out together on some weekend days and friend groups meet
// on some evenings and weekends, so true companions share visits. Trips
// longer than a walk pass through a metro station or bus stop at each end,
// which appear as short visits marked as station entry and exit.
//
// Each person-day draws from its own random stream, named by the seed, the
// person and the day, so plans do not depend on how work is spread over
// goroutines. The time a person leaves home in the morning is a pure
// function of person and day, which lets the night's home visit end at the
// next morning's departure without planning ahead.
package movement
